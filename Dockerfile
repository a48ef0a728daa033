# syntax=docker/dockerfile:1

# ---- build: compile TypeScript and build better-sqlite3's native addon ----------------------
FROM node:24-bookworm-slim AS build
# better-sqlite3 downloads a prebuilt binary when one matches; these are its fallback to
# compiling from source (node-gyp), e.g. on an architecture without a prebuild.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so that a source-only change reuses this (slow) layer.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build \
 && npm prune --omit=dev

# ---- runtime: only what `node dist/src/main.js` needs -----------------------------------------
# Same base as the build stage: the compiled addon is tied to its Node ABI and glibc.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Code and dependencies stay root-owned (the app cannot rewrite itself); only the embedded
# database directory, used when DATABASE_URL is unset, is writable by the app's user.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
