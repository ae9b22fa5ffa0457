import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../platform/index.js';
import { loadLogSigner } from './log-key.js';

/** Injection token of the log's checkpoint signer (`NoteSigner`). */
export const LOG_SIGNER = Symbol('LOG_SIGNER');

export const logSignerProvider: Provider = {
  provide: LOG_SIGNER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadLogSigner(config),
};
