# syntax=docker/dockerfile:1
#
# djperf container image: the GitHub App (default command) and the CLI.
#
#   docker build -t djperf .
#   docker run --rm -p 3000:3000 -e APP_ID=... -e PRIVATE_KEY="$(cat key.pem)" -e WEBHOOK_SECRET=... djperf
#   docker run --rm -v "$PWD:/src" -w /src djperf node /app/bin/djperf.js check .

# ---- build: compile TypeScript and the tree-sitter native addon -------------------------------------
FROM node:20-bookworm-slim AS build

# tree-sitter and tree-sitter-python compile a native addon with node-gyp when no prebuilt binary
# matches the platform; node-gyp needs Python, make and a C++ compiler.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that source edits do not reinstall them. Lifecycle scripts are skipped here
# because `prepare` would build sources that are not copied yet; the native addons are built next.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
    && npm rebuild tree-sitter tree-sitter-python

COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY rules ./rules
COPY app.yml ./

# Compile to dist/, then drop dev dependencies (TypeScript, ESLint, vitest) from node_modules.
RUN npm run build \
    && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: no compilers, no dev dependencies, not root -------------------------------------------
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# `djperf diff` reads commits through git (docker run ... djperf node /app/bin/djperf.js diff --base main).
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/*

COPY --from=build /app/package.json /app/package-lock.json /app/app.yml ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# `djperf explain` serves rules/<ID>-<name>/README.md from here.
COPY --from=build /app/rules ./rules

# The official image ships an unprivileged `node` user (uid 1000).
USER node

# The Probot webhook server (PORT, default 3000); /healthz answers for orchestrators. Configured only by
# Probot's standard environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, LOG_LEVEL, ...).
ENV PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
