import { settingsPreviewScript } from '../orgs/preview-script.ts';
import { syncProgressScript } from '../start/progress-script.ts';

/**
 * The owner's pages' scripts, by name: served at /assets/<name>.js (script-src 'self'). Each is small, plain and
 * progressive: the page it enhances works without it.
 */
export const SCRIPTS: Readonly<Record<string, string>> = {
  'settings-preview': settingsPreviewScript,
  'sync-progress': syncProgressScript,
};

export const scriptPath = (name: keyof typeof SCRIPTS & string) => `/assets/${name}.js`;
