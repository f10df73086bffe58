# syntax=docker/dockerfile:1
#
# djperf container image. Today it carries the CLI; the GitHub App (Probot) entry point arrives later
# and then becomes the default command (see CMD at the end).
#
#   docker build -t djperf .
#   docker run --rm djperf                                   # CLI help
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

COPY --from=build /app/package.json /app/package-lock.json /app/app.yml ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# `djperf explain` serves rules/<ID>-<name>/README.md from here.
COPY --from=build /app/rules ./rules

# The official image ships an unprivileged `node` user (uid 1000).
USER node

# Placeholder until the GitHub App lands: the App's entry (`CMD ["npm", "start"]`, running Probot
# with its webhook server) replaces this line. For now the image prints the CLI's help.
CMD ["node", "bin/djperf.js", "--help"]
