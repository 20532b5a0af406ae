/** Who may sign in: staff with STAFF_PIN (stamping cards), the owner with ADMIN_PASSWORD (dashboard). */
export type Role = 'staff' | 'admin';

/** Each role's session cookie, the secret it signs in with, and how long a session lasts. */
export const roles: Record<Role, { cookie: string; secret: 'STAFF_PIN' | 'ADMIN_PASSWORD'; hours: number }> = {
  staff: { cookie: 'vuelve_staff', secret: 'STAFF_PIN', hours: 24 * 30 },
  admin: { cookie: 'vuelve_admin', secret: 'ADMIN_PASSWORD', hours: 12 },
};
