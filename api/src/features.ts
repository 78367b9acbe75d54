import type { RequestHandler, Router } from "express";
import type { ServiceContext } from "./lib/context.ts";
import type { Scheduler } from "./jobs/scheduler.ts";
import type { OpenAPIRegistry } from "./lib/openapi.ts";
import type { HealthCheck } from "./modules/health/health.service.ts";

/**
 * A part of the product that needs wiring at start (the bot, the CRM sync, reminders ...). The composition
 * root (server.ts) builds each feature once, mounts its public routes and health checks, then starts it.
 */
export interface Feature {
  name: string;
  healthChecks?: Record<string, HealthCheck>;
  /** Machine-to-machine endpoints with their own secret (mounted before /api auth). */
  publicRoutes?: { path: string; handler: RequestHandler | Router }[];
  /** Authenticated /api routers: mounted under /api/<mount>. */
  apiRouters?: { mount: string; router: Router }[];
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface FeatureDeps {
  ctx: ServiceContext;
  scheduler: Scheduler;
  hasVector: boolean;
  /**
   * The app's OpenAPI registry: routes defined with `defineRoute(router, registry, ...)` appear in /openapi.json.
   * Tests that build one feature alone may omit it.
   */
  registry?: OpenAPIRegistry;
}

export type FeatureFactory = (deps: FeatureDeps) => Feature | Promise<Feature>;

/**
 * A feature that only serves HTTP (houses, dashboard, employees, /api/me): it needs no jobs and no start, so
 * createApp wires it itself and every app (server, tests) has the same core routes.
 */
export type CoreFeatureFactory = (deps: { ctx: ServiceContext; registry: OpenAPIRegistry }) => Feature;

/** The path an /api router is mounted at (Feature.apiRouters' mount is relative to /api). */
export const apiPath = (mount: string) => `/api${mount}`;
