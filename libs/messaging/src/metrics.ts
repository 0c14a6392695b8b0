import { Metric, register } from 'prom-client';

/** prom-client metrics are process-global; several Nest apps in one process (tests) share them. */
export function metric<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}
