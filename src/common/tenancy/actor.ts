import type { StaffUser } from './staff-user';

/** Who makes a change: a staff user, or the voice agent during a platform call. */
export type Actor = { kind: 'user'; userId: string } | { kind: 'voice_agent'; callId: string | null };

export const staffActor = (user: StaffUser): Actor => ({ kind: 'user', userId: user.id });
export const voiceAgent = (callId: string | null): Actor => ({ kind: 'voice_agent', callId });
