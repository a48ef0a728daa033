import { createHash } from 'node:crypto';

import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { isUniqueViolation } from '../common/errors/unique-violation';
import { EnvironmentVariables } from '../config/environment';
import type { PendingWrites } from '../database/pending-writes';
import { canonicalJson } from './canonical-json';
import { ToolCallFingerprint } from './tool-call-fingerprint.entity';
import { ToolCallFingerprintsRepository } from './tool-call-fingerprints.repository';

/** The parts of a tool call that make two deliveries the same call. */
export interface ToolCallIdentity {
  tenantId: string | null;
  callId: string;
  function: string;
  args: Record<string, unknown>;
}

/** An answer as it was given, to give again. */
export interface RecordedAnswer {
  httpStatus: number;
  body: Record<string, string>;
}

/**
 * An earlier delivery of the same call that claimed it at `claimedAt` and never answered: its
 * instance died mid-call, perhaps after it made records (a text, a lead), which carry the call id.
 */
export interface AbandonedDelivery {
  toolCallId: string;
  claimedAt: Date;
}

/**
 * first: this delivery runs the call (`resumes`: it takes over from one that died, whose records
 * are to be found, not made again); replay: an earlier one answered, give its answer;
 * in_progress: an earlier one is still running.
 */
export type ReplayClaim =
  | { kind: 'first'; fingerprint: string; resumes?: AbandonedDelivery }
  | { kind: 'replay'; fingerprint: string; toolCallId: string; answer: RecordedAnswer }
  | { kind: 'in_progress'; fingerprint: string; toolCallId: string };

const POLL_MS = 50;
const PURGE_EVERY_MS = 60_000;

/**
 * Makes a re-delivered tool call (same tenant, call id, function and args, within
 * TOOL_CALL_REPLAY_WINDOW_SECONDS) replay the first answer instead of acting twice. The claim is
 * an INSERT on the fingerprint's primary key, so of two copies arriving together exactly one
 * runs; the other waits for its answer.
 */
@Injectable()
export class ToolCallReplaysService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ToolCallReplaysService.name);
  private readonly windowMs: number;
  /** A claim with no answer after this long belongs to an instance that died mid-call. */
  private readonly abandonedAfterMs: number;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fingerprints: ToolCallFingerprintsRepository,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.windowMs = config.get('TOOL_CALL_REPLAY_WINDOW_SECONDS', { infer: true }) * 1000;
    this.abandonedAfterMs = Math.min(
      this.windowMs,
      config.get('TOOL_CALL_ABANDONED_AFTER_MS', { infer: true }) ??
        4 * config.get('WEBHOOK_DEADLINE_MS', { infer: true }),
    );
  }

  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(
      () =>
        void this.purgeExpired().catch((error: Error) =>
          this.logger.warn(`Purging old fingerprints failed: ${error.message}`),
        ),
      PURGE_EVERY_MS,
    );
    this.purgeTimer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  fingerprintOf(call: ToolCallIdentity): string {
    return createHash('sha256')
      .update(canonicalJson([call.tenantId, call.callId, call.function, call.args]))
      .digest('hex');
  }

  /** Claims the call for the delivery logged as `toolCallId`, or finds who already has it. */
  async claim(call: ToolCallIdentity, toolCallId: string): Promise<ReplayClaim> {
    const fingerprint = this.fingerprintOf(call);
    let resumes: AbandonedDelivery | undefined;
    // Three rounds: an expired or abandoned claim is removed, then claimed afresh.
    for (let round = 0; round < 3; round += 1) {
      try {
        await this.fingerprints.claim({ fingerprint, tenantId: call.tenantId, callId: call.callId, toolCallId });
        return resumes ? { kind: 'first', fingerprint, resumes } : { kind: 'first', fingerprint };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const existing = await this.fingerprints.find(fingerprint);
      if (!existing) continue;
      const age = Date.now() - existing.createdAt.getTime();
      if (age > this.windowMs || (existing.httpStatus === null && age > this.abandonedAfterMs)) {
        // A claim never answered: whichever delivery claims it next must find what that one made,
        // even when another copy removed the claim meanwhile.
        if (existing.httpStatus === null) {
          resumes ??= { toolCallId: existing.toolCallId, claimedAt: existing.createdAt };
          this.logger.warn(
            `Tool call ${call.callId}: the delivery logged as ${existing.toolCallId} never answered; taking it over`,
          );
        }
        // Only that claim: a newer one made meanwhile by another delivery stays.
        await this.fingerprints.release(fingerprint, existing.toolCallId);
        continue;
      }
      return this.asClaim(existing);
    }
    throw new Error(`tool call ${call.callId}: could not claim fingerprint ${fingerprint}`);
  }

  /**
   * Waits, until `deadline` (a performance.now() time), for the answer of a call another
   * delivery is running; if that delivery gave the call up, claims it for this one.
   */
  async awaitAnswer(
    call: ToolCallIdentity,
    toolCallId: string,
    claim: ReplayClaim,
    deadline: number,
  ): Promise<ReplayClaim> {
    while (performance.now() + POLL_MS < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const existing = await this.fingerprints.find(claim.fingerprint);
      if (!existing) return this.claim(call, toolCallId);
      if (existing.httpStatus !== null) return this.asClaim(existing);
    }
    return claim;
  }

  /** Keeps the answer for the copies still to come; with `writes`, as part of that unit of work. */
  async complete(fingerprint: string, answer: RecordedAnswer, writes?: PendingWrites): Promise<void> {
    await this.fingerprints.complete(fingerprint, answer.httpStatus, answer.body, writes);
  }

  /**
   * Forgets a claim whose call failed unexpectedly, so that a re-delivery tries it afresh; with
   * `writes`, as part of that unit of work.
   */
  async release(fingerprint: string, writes?: PendingWrites): Promise<void> {
    if (writes) this.fingerprints.releaseWith(fingerprint, writes);
    else await this.fingerprints.release(fingerprint);
  }

  async purgeExpired(): Promise<number> {
    return this.fingerprints.purgeCreatedBefore(new Date(Date.now() - this.windowMs));
  }

  private asClaim(existing: ToolCallFingerprint): ReplayClaim {
    if (existing.httpStatus === null || existing.reply === null) {
      return { kind: 'in_progress', fingerprint: existing.fingerprint, toolCallId: existing.toolCallId };
    }
    return {
      kind: 'replay',
      fingerprint: existing.fingerprint,
      toolCallId: existing.toolCallId,
      answer: { httpStatus: existing.httpStatus, body: existing.reply },
    };
  }
}
