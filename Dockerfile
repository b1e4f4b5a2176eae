# gatewatch in a container: `docker build -t gatewatch .`, then see deploy/docker-compose.yml (beside Hermes' own
# container, read-only) and deploy/docker-compose.socket.yml (with the Docker socket, so that it may restart Hermes).
# Built with the dev dependencies, run with the production ones: what ships is dist/, assets/ and node_modules without
# the compilers and test tools. Runs as uid 10000, Hermes' own `hermes` user in its image, so it reads every file that
# user writes in the Hermes home (mounted read-only) and may speak to the gateway's socket; set GATEWATCH_UID at build
# time when HERMES_UID remaps it. Config: /config/config.yaml (a mount), or any file GATEWATCH_CONFIG names. State:
# the volume /state. Health: /healthz on 127.0.0.1:9477 inside the container (see deploy/docker/healthcheck.mjs).

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: `prepare` builds, and the sources are not here yet.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/ scripts/
COPY src/ src/
COPY commands/ commands/
COPY assets/ assets/
# Then only what the bundles load by name at run time (scripts/runtime-packages.mjs): they inline the rest.
RUN node scripts/build.mjs && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && node scripts/prune-runtime.mjs

# The docker CLI of the socket variant (target `docker`): one static binary.
FROM docker:27-cli AS docker-cli

FROM node:20-slim AS runtime
ARG GATEWATCH_UID=10000
# The daemon's glibc malloc settings as its service units set them (src/deploy/systemd.ts).
ENV NODE_ENV=production \
    GATEWATCH_CONFIG=/config/config.yaml \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072
# The state_dir a config leaves at its default (~/.local/state/gatewatch) is the volume /state as well.
RUN groupadd --gid "$GATEWATCH_UID" gatewatch \
 && useradd --uid "$GATEWATCH_UID" --gid gatewatch --home-dir /home/gatewatch --create-home --shell /usr/sbin/nologin gatewatch \
 && mkdir -p /config /state /home/gatewatch/.local/state \
 && ln -s /state /home/gatewatch/.local/state/gatewatch \
 && chown gatewatch:gatewatch /state /home/gatewatch/.local /home/gatewatch/.local/state
COPY --from=build /src/package.json /opt/gatewatch/package.json
COPY --from=build /src/node_modules/ /opt/gatewatch/node_modules/
COPY --from=build /src/assets/ /opt/gatewatch/assets/
COPY --from=build /src/dist/ /opt/gatewatch/dist/
COPY config.example.yaml deploy/docker/healthcheck.mjs /opt/gatewatch/
RUN ln -s /opt/gatewatch/dist/src/gatewatch.cjs /usr/local/bin/gatewatch
WORKDIR /home/gatewatch
USER gatewatch
VOLUME /state
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "/opt/gatewatch/healthcheck.mjs"]
# The daemon with the V8 flags of its service units (src/deploy/systemd.ts, DAEMON_NODE_FLAGS); `gatewatch` is on PATH
# for everything else: `docker exec <container> gatewatch status`.
CMD ["node", "--max-semi-space-size=1", "--optimize-for-size", "--no-turbofan", "--liftoff-only", "/opt/gatewatch/dist/src/cli.js", "run"]

# With a docker CLI, for deploy/docker-compose.socket.yml: gatewatch restarts Hermes through the host's Docker socket.
FROM runtime AS docker
COPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker

# The default: read-only beside Hermes, no docker CLI.
FROM runtime AS gatewatch
