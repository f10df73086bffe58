# syntax=docker/dockerfile:1
#
# djperf container image: the GitHub App (default command), its queue worker, and the CLI.
#
#   docker build -t djperf .
#   docker run --rm -p 3000:3000 -e APP_ID=... -e PRIVATE_KEY="$(cat key.pem)" -e WEBHOOK_SECRET=... djperf
#   docker run --rm -e REDIS_URL=redis://redis:6379 -e APP_ID=... -e PRIVATE_KEY=... djperf node dist/src/worker.js
#   docker run --rm -v "$PWD:/src" -w /src djperf node /app/bin/djperf.js check .
#
# docker-compose.yml runs the app, two workers and Redis together (docs/scale-out.md).

# Both stages use one base image, pinned by digest so a rebuild gets the same bytes and a re-pushed tag
# cannot change them silently. Node 22 is the image's runtime: Node 20 left upstream support on
# 2026-04-30, and djperf runs on Node >= 20.18.1 (CI tests 20). The digest is node:22-bookworm-slim as
# pinned by two unrelated public projects; it was NOT verified by pulling it (no Docker daemon here):
# check it with `docker buildx imagetools inspect node:22-bookworm-slim` and bump it deliberately.

# ---- build: compile TypeScript and the tree-sitter native addon -------------------------------------
FROM node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS build

# tree-sitter and tree-sitter-python compile a native addon with node-gyp when no prebuilt binary
# matches the platform; node-gyp needs Python, make and a C++ compiler.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that source edits do not reinstall them. Lifecycle scripts are skipped here
# because `prepare` would build sources that are not copied yet; the native addons are built next
# (msgpackr-extract, BullMQ's optional speed-up, is left out: msgpackr falls back to JavaScript).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
    && npm rebuild tree-sitter tree-sitter-python

COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY rules ./rules
COPY app.yml ./

# Compile to dist/, prove the addon loads, then drop dev dependencies (TypeScript, ESLint, vitest).
RUN npm run build \
    && node -e "const P=require('tree-sitter');const p=new P();p.setLanguage(require('tree-sitter-python'));if(p.parse('x = 1').rootNode.type!=='module')process.exit(1)" \
    && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: no compilers, no dev dependencies, not root -------------------------------------------
FROM node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS runtime

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
# The rule pages (rules/<ID>-<name>/README.md) that `/djperf explain` and `djperf explain` read at run time.
COPY --from=build /app/rules ./rules

# The official image ships an unprivileged `node` user (uid 1000).
USER node

# The Probot webhook server, or the worker's health/metrics server (PORT, default 3000). /healthz is
# 200 only while the app takes work and Redis (when configured) answers (/readyz: the same check),
# /livez the process alone, /metrics Prometheus. Configured only by environment:
# Probot's (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, LOG_LEVEL, ...) and djperf's (REDIS_URL,
# DJPERF_PROCESS_JOBS, DJPERF_REVIEW_CONCURRENCY, ...; docs/scale-out.md). Never bake secrets in.
# HOST: Probot listens on localhost by default, where `docker run -p 3000:3000` delivers nothing (while
# the HEALTHCHECK, run inside the container, still passes). In the image it listens on all interfaces.
ENV PORT=3000 HOST=0.0.0.0
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM drains: running jobs finish (or, with Redis, go back to the queue) before the process exits.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
