import polib


def catalogue_language(text):
    catalogue = polib.pofile(text)
    return catalogue.metadata.get("Language", "")


def catalogue_size(text):
    return len(text)
