PLAIN_STATUSES = ["new", "paid", "shipped"]
