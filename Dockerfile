# The app image: API, Temporal worker and message worker share it and differ by command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# Our patches of dependencies (patch-package), applied by the install.
COPY patches patches
COPY scripts/prisma-generate.mjs scripts/prisma-generate.mjs
COPY prisma prisma
COPY prisma.config.ts ./
# Dev dependencies included: the Prisma CLI generates the client during install.
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production
COPY . .
RUN npm run build:web
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "workers/api.ts"]
