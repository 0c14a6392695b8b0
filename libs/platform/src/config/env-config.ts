import { plainToInstance, Transform } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';

export class ConfigError extends Error {}

/** Environment values as strings; `undefined` means "not set" (the default applies). */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** class-transformer helpers for env classes: numbers and booleans from their string forms ('1', 'true', 'yes', 'on'). */
export const envInt = () => Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value)));
export const envBool = () =>
  Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase()),
  );

/**
 * Validates the variables one env class declares (class-validator decorators, defaults as initializers) out of `env`,
 * or throws a ConfigError listing every invalid variable. Variables the class does not declare are ignored, so each
 * service reads only its own settings from the one environment.
 */
export function loadEnvClass<T extends object>(cls: new () => T, env: EnvRecord): T {
  const keys = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName),
  );
  const raw = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && keys.has(k)));
  const parsed = plainToInstance(cls, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed;
}
