// gatewatch's own env file: the secrets for the config's ${VAR}s, `KEY=value` lines beside the config (`<config
// dir>/env`, or the config's `env_file:`). Every entry point reads it through the loader, so the daemon, the CLI and
// the service units see the same secrets; the systemd unit's EnvironmentFile= names the same default file. The
// environment wins over the file: a variable set (not empty) in it is never replaced.
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseDotenv } from '../util/dotenv.js';
import { MiB, readCappedSync } from '../util/read-capped.js';
import { expandHome } from '../util/paths.js';
import { errnoParam, phrase, type Phrase } from '../i18n.js';

/** The env file of a config with no `env_file:` key: `env` in the config's folder (what `install` and `init` write). */
export function defaultEnvFile(configFile: string): string {
  return path.join(path.dirname(configFile), 'env');
}

/** `env_file:` as written (`~` and relative to the config's folder), else the default. */
export function envFilePath(configFile: string, written: string | undefined): string {
  return written ? path.resolve(path.dirname(configFile), expandHome(written)) : defaultEnvFile(configFile);
}

/** Why an env file cannot be used: the one line a ConfigError carries (the loader adds file and key). */
export class EnvFileError extends Error {
  constructor(readonly why: Phrase) {
    super(phrase('en', why));
  }
}

/**
 * The variables of the env file, under those of the environment. A missing default file is no file; a missing file
 * the config names is an error (a typo would read as "variable not set"). Secrets readable by other users are refused
 * with the fix: a file another account can read (or write) is not a place for them.
 */
export function withEnvFile(file: string, env: NodeJS.ProcessEnv, required: boolean): NodeJS.ProcessEnv {
  let st;
  try {
    st = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return env;
    throw new EnvFileError(
      code === 'ENOENT'
        ? { key: 'config.env_file.missing', params: { file } }
        : { key: 'config.env_file.unreadable', params: { file, code: code ? errnoParam(code) : '?' } },
    );
  }
  // Beside a ./config.yaml, `env` may well be something else (a Python virtualenv): only a file named by env_file must be one.
  if (!st.isFile()) {
    if (!required) return env;
    throw new EnvFileError({ key: 'config.env_file.not_file', params: { file } });
  }
  const mode = st.mode;
  if (mode & 0o077)
    throw new EnvFileError({ key: 'config.env_file.open', params: { file, mode: (mode & 0o777).toString(8) } });
  let text: string;
  try {
    text = readCappedSync(file, MiB);
  } catch (err) {
    throw new EnvFileError({
      key: 'config.env_file.unreadable',
      params: { file, code: errnoParam((err as NodeJS.ErrnoException).code ?? (err as Error).message) },
    });
  }
  // A key written twice: the last line counts, as in a shell or systemd's EnvironmentFile=.
  const fromFile = Object.fromEntries(parseDotenv(text));
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [k, v] of Object.entries(fromFile)) if (merged[k] === undefined || merged[k] === '') merged[k] = v;
  return merged;
}
