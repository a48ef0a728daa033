import type { StaffUser } from './staff-user';

/** Who makes a change: a staff user, or the voice agent during a platform call. */
export type Actor = { kind: 'user'; userId: string } | { kind: 'voice_agent'; callId: string | null };

export const staffActor = (user: StaffUser): Actor => ({ kind: 'user', userId: user.id });
export const voiceAgent = (callId: string | null): Actor => ({ kind: 'voice_agent', callId });

/** The platform call a record was made in: only the voice agent acts within one. */
export const callIdOf = (actor: Actor): string | null => (actor.kind === 'voice_agent' ? actor.callId : null);

/** How a record names who asked for it (`requestedBy` columns): the staff user's id, or `voice_agent`. */
export const requesterOf = (actor: Actor): string => (actor.kind === 'user' ? actor.userId : actor.kind);
