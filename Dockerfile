# The Klaster server. Build: docker build -t klaster-server .  (docker compose builds it too)
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# Drop dev dependencies after building (the server, and the web page with Vite) so the runtime stage
# copies only what the server needs.
RUN npm run build && npm run build:web && npm prune --omit=dev

FROM node:20-bookworm
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
# The operators' CLI (verify, projections rebuild, token), built with the server: `klaster <command>`,
# e.g. docker compose exec server klaster verify
RUN printf '#!/bin/sh\nexec node /app/dist/apps/cli/src/main.js "$@"\n' > /usr/local/bin/klaster && chmod 755 /usr/local/bin/klaster
# DATA_DIR (./data): the embedded store's files, or this instance's read models in EventStoreDB mode.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/server/src/main.js"]
