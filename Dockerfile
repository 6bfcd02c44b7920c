# twilio-sim as a container: `docker build -t twilio-sim .` then `docker run -p 127.0.0.1:4010:4010 twilio-sim`.
# Two stages: the build stage has the dev dependencies (TypeScript); the image gets the compiled dist/, the
# fixtures and production dependencies only, plus the simulator server's optional peers (express, ws, pino).

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the build is its own step below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY simulator ./simulator
COPY scripts ./scripts
RUN npm run build

FROM node:20-bookworm-slim AS runtime
# tini as PID 1: it forwards SIGTERM to node and reaps children, so `docker stop` ends the simulator at once
# instead of waiting 10 s for a SIGKILL.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Production dependencies exactly as locked. Then the server's optional peers (express, ws, pino: dev dependencies
# of this repo, which a client-only install must not get) become this image's own dependencies at the versions the
# lockfile records, and `npm install` adds them from the lockfile's tree, leaving every other dev dependency out.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && for peer in express ws pino; do \
      npm pkg delete "devDependencies.$peer" \
   && npm pkg set "dependencies.$peer=$(node -p "require('./package-lock.json').packages['node_modules/$peer'].version")"; \
    done \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY fixtures ./fixtures
# The node image's unprivileged user; the simulator needs no root, and /data is where --data keeps its journal.
RUN mkdir -p /data && chown node:node /data
USER node
# Inside the container only: every interface, so the published port reaches it. Publish it on 127.0.0.1 (compose does).
ENV TWILIO_SIM_HOST=0.0.0.0 \
    TWILIO_SIM_PORT=4010
EXPOSE 4010
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4010/__sim/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "dist/simulator/cli.js"]
CMD ["--log", "json"]
