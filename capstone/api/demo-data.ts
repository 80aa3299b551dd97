import type { RegisterUser } from '../../chapters/02-architecture/application/register-user.use-case.js';
import type { UserRepository } from '../../chapters/02-architecture/application/ports/user.repository.port.js';
import { Email } from '../../chapters/02-architecture/domain/email.value-object.js';
import { EmailTakenError } from '../../chapters/02-architecture/domain/user.errors.js';
import type { MongoProductRepository } from '../catalog/mongo-product.repository.js';
import type { MongoUserRoles } from '../users/mongo-user-roles.js';

/** The accounts `npm start` prints. Demo data only: `npm start` seeds it (workbook/start.ts); the production entry never imports this file. */
export const DEMO_USER = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'lovelace-1843' } as const;
export const DEMO_ADMIN = { name: 'Grace Hopper', email: 'grace@example.com', password: 'hopper-cobol-1959' } as const;

/** Fixed ids, so seeding is idempotent and the docs can name a product. */
export const DEMO_PRODUCTS = [
  { id: '00000000-0000-4000-8000-000000000001', name: 'Async Mug', priceCents: 1250, stock: 100 },
  { id: '00000000-0000-4000-8000-000000000002', name: 'Backpressure Hoodie', priceCents: 4500, stock: 25 },
  { id: '00000000-0000-4000-8000-000000000003', name: 'Event Loop Poster', priceCents: 900, stock: 50 },
  { id: '00000000-0000-4000-8000-000000000004', name: 'Graceful Shutdown Socks', priceCents: 700, stock: 3 },
  { id: '00000000-0000-4000-8000-000000000005', name: 'Keyset Notebook', priceCents: 1500, stock: 40 },
  { id: '00000000-0000-4000-8000-000000000006', name: 'Worker Thread Tee', priceCents: 2200, stock: 10 },
] as const;

async function ensureUser(
  registerUser: RegisterUser,
  users: UserRepository,
  account: { name: string; email: string; password: string },
): Promise<string> {
  try {
    return (await registerUser(account)).user.id;
  } catch (error) {
    // Seeded before (or by another instance at the same moment): find the existing account.
    if (!(error instanceof EmailTakenError)) throw error;
    const existing = await users.findByEmail(Email.parse(account.email));
    if (!existing) throw error;
    return existing.id;
  }
}

/**
 * Seeds the demo products, user and admin. Safe to run on every start and from several instances at once: products
 * have fixed ids, users are found by email when taken, and granting a role twice changes nothing.
 */
export async function seedDemoData(deps: {
  registerUser: RegisterUser;
  users: UserRepository;
  roles: MongoUserRoles;
  products: MongoProductRepository;
  now?: () => Date;
}): Promise<void> {
  const createdAt = deps.now?.() ?? new Date();
  for (const product of DEMO_PRODUCTS) await deps.products.insertIfAbsent({ ...product, createdAt });
  await ensureUser(deps.registerUser, deps.users, DEMO_USER);
  const adminId = await ensureUser(deps.registerUser, deps.users, DEMO_ADMIN);
  await deps.roles.grant(adminId, 'admin');
}
