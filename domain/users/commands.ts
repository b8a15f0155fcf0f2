export interface RegisterUser {
  readonly type: 'RegisterUser';
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  /** Hashed by the handler (scrypt); the domain never sees the password. */
  readonly passwordHash: string;
  /** Unchecked as received; customers only when absent. */
  readonly roles?: readonly string[];
  readonly at: string;
}

export interface ChangeRoles {
  readonly type: 'ChangeRoles';
  readonly userId: string;
  /** Unchecked as received from the admin. */
  readonly roles: readonly string[];
  readonly changedBy: string;
  readonly at: string;
}

/** Erase the user's personal data (their right to erasure): done by an admin once the key is destroyed. */
export interface EraseUser {
  readonly type: 'EraseUser';
  readonly userId: string;
  readonly erasedBy: string;
  readonly at: string;
}

export type UserCommand = RegisterUser | ChangeRoles | EraseUser;

export interface ReserveEmail {
  readonly type: 'ReserveEmail';
  readonly email: string;
  readonly userId: string;
  readonly at: string;
}

export type EmailReservationCommand = ReserveEmail;

export interface StartSession {
  readonly type: 'StartSession';
  readonly sessionId: string;
  readonly userId: string;
  readonly refreshTokenHash: string;
  readonly expiresAt: string;
  readonly at: string;
}

export interface RotateRefreshToken {
  readonly type: 'RotateRefreshToken';
  readonly sessionId: string;
  readonly presentedTokenHash: string;
  readonly newTokenHash: string;
  readonly newExpiresAt: string;
  readonly at: string;
}

export interface RevokeSession {
  readonly type: 'RevokeSession';
  readonly sessionId: string;
  readonly reason: 'logout' | 'admin';
  readonly at: string;
}

export type SessionCommand = StartSession | RotateRefreshToken | RevokeSession;
