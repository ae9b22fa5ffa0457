/** `npm run openapi`: writes the OpenAPI document to openapi.json at the repository root. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createApp } from './app.factory.js';
import { loadConfig } from './platform/config/config.js';
import { buildOpenApiDocument } from './platform/docs/openapi.js';
import { DOCUMENT_CONTEXT } from './api-docs.js';

export async function renderOpenApi(): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const app = await createApp({ config, databaseUrl: null });
  try {
    return JSON.stringify(buildOpenApiDocument(app, DOCUMENT_CONTEXT), null, 2) + '\n';
  } finally {
    await app.close();
  }
}

if (process.argv[1]?.endsWith('openapi.js')) {
  writeFileSync('openapi.json', await renderOpenApi());
  console.log('Wrote openapi.json');
}
