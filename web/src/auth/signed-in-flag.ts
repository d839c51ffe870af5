/**
 * Whether this browser signed in and has not signed out since. Not a secret (the session
 * itself is an HttpOnly cookie page scripts cannot read); it only lets the sign-in page tell
 * "your session expired" from a first visit: an expired cookie is simply no longer sent, so
 * the API's 401 looks the same in both cases.
 */
const KEY = 'initucastt:signed-in';

export function markSignedIn(): void {
  try {
    window.localStorage.setItem(KEY, '1');
  } catch {
    // Storage can be disabled; the only loss is the "expired" wording.
  }
}

export function markSignedOut(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    // See markSignedIn.
  }
}

/** True when this browser signed in and did not sign out since (the sign-in page clears it once shown). */
export function wasSignedIn(): boolean {
  try {
    return window.localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}
