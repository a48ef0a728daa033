import { UNPREFIXED_ROUTES } from '../../src/app.setup';
import type { TestApp } from './test-app';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'];

export interface Route {
  route: string;
  isPublic: boolean;
  guards: string[];
}

/** Every route the app mounts, read from the controllers' own metadata. */
export function inventory(t: TestApp): Route[] {
  const routes: Route[] = [];
  for (const module of t.app.get(t.core.ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => object) | null;
      if (!controller) continue;
      const prefix = String(Reflect.getMetadata('path', controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata('method', handler) === undefined) continue;
        const own = [prefix, String(Reflect.getMetadata('path', handler) ?? '')]
          .join('/')
          .replace(/\/+/g, '/')
          .replace(/^\/|\/$/g, '');
        const path = UNPREFIXED_ROUTES.some((route) => route.path === own) ? `/${own}` : `/api/${own}`;
        const guards = [
          ...(Reflect.getMetadata('__guards__', controller) ?? []),
          ...(Reflect.getMetadata('__guards__', handler) ?? []),
        ] as Array<{
          name: string;
        }>;
        routes.push({
          route: `${METHODS[Reflect.getMetadata('method', handler) as number]} ${path}`,
          isPublic: Boolean(Reflect.getMetadata('isPublic', handler) ?? Reflect.getMetadata('isPublic', controller)),
          guards: guards.map((guard) => guard.name),
        });
      }
    }
  }
  return routes.sort((a, b) => a.route.localeCompare(b.route));
}
