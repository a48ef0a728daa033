import { Injectable, Logger } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; the platform gives up on a tool call after 9 s, and the webhook answers by WEBHOOK_DEADLINE_MS. */
const TOOL_CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 8, 10];

/** How long a due text has waited, and how many there are: read from the outbox on each scrape. */
export interface OutboxBacklog {
  due: number;
  oldestDueSeconds: number;
}

/**
 * The app's Prometheus metrics, in a registry of its own (one per app: several apps in one
 * process, as the e2e tests boot them, never meet "metric already registered"). Holds the
 * standard process metrics and event-loop lag (prom-client's default metrics, registered once,
 * here) and what the app records: tool calls, webhook answers, SMS outcomes and the outbox
 * backlog. Label values come from closed sets only (tool names, reply statuses, HTTP statuses,
 * SMS outcomes): nothing a caller sends can add a series.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();

  private readonly toolCallDuration = new Histogram({
    name: 'voicecrm_tool_call_duration_seconds',
    help: 'Tool calls past their key, from arrival to answer, by tool (or "unknown"), reply status and platform',
    labelNames: ['tool', 'status', 'platform'] as const,
    buckets: TOOL_CALL_BUCKETS,
    registers: [this.registry],
  });

  private readonly webhookAnswers = new Counter({
    name: 'voicecrm_webhook_answers_total',
    help: 'Answers of the tools webhook, refusals of its key and body included, by HTTP status',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  private readonly smsOutcomes = new Counter({
    name: 'voicecrm_sms_outcomes_total',
    help: 'Texts: how each provider attempt ended (sent, logged, queued for a retry, gave_up, refused) and each text never attempted (destination_refused, opted_out, capped)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private backlogReader?: () => Promise<OutboxBacklog>;
  /** One backlog query per scrape, shared by the two gauges. */
  private backlogRead?: Promise<OutboxBacklog | null>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const backlog = () => this.readBacklog();
    new Gauge({
      name: 'voicecrm_sms_outbox_due',
      help: 'Texts due to be sent now (queued, or held by a lapsed lease); NaN when the database does not answer',
      registers: [this.registry],
      async collect() {
        const read = await backlog();
        this.set(read ? read.due : Number.NaN);
      },
    });
    new Gauge({
      name: 'voicecrm_sms_outbox_oldest_due_age_seconds',
      help: 'How long the oldest due text has waited (0 when none); NaN when the database does not answer',
      registers: [this.registry],
      async collect() {
        const read = await backlog();
        this.set(read ? read.oldestDueSeconds : Number.NaN);
      },
    });
  }

  /** Where the outbox gauges read the backlog from (OutboxMetrics sets it once the outbox exists). */
  readBacklogWith(reader: () => Promise<OutboxBacklog>): void {
    this.backlogReader = reader;
  }

  toolCall(labels: { tool: string; status: string; platform: string }, durationMs: number): void {
    this.toolCallDuration.observe(labels, durationMs / 1000);
  }

  /**
   * Middleware mounted on the tools webhook's path (app.setup.ts), before its body parser: counts
   * each answer of `POST` to the webhook itself once it is sent, whoever made it.
   */
  readonly webhookAnswerCounter: RequestHandler = (request, response, next) => {
    if (request.method === 'POST' && request.path === '/')
      response.once('finish', () => this.webhookAnswers.inc({ code: String(response.statusCode) }));
    next();
  };

  smsOutcome(outcome: string): void {
    this.smsOutcomes.inc({ outcome });
  }

  /** The text exposition of every metric. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private readBacklog(): Promise<OutboxBacklog | null> {
    const reader = this.backlogReader;
    if (!reader) return Promise.resolve(null);
    this.backlogRead ??= reader()
      .catch((error: unknown) => {
        // The reason goes to the log only; the gauges say NaN.
        this.logger.warn(
          `Could not read the SMS outbox backlog: ${error instanceof Error ? error.message : String(error)}`,
        );
        return null;
      })
      .finally(() => {
        this.backlogRead = undefined;
      });
    return this.backlogRead;
  }
}
