/** Staff tokens carry this audience, so no other token signed with the secret opens a staff route. */
export const STAFF_TOKEN_AUDIENCE = 'voice-crm:staff';

export interface JwtClaims {
  sub: string;
  email: string;
  /** The user's token version when the token was issued; a newer one revokes this token. */
  ver: number;
}
