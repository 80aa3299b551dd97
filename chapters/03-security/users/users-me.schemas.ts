import { z } from 'zod';
import { userResponse } from '../../02-architecture/adapters/http/user.schemas.js';
import { ROLES } from './roles.js';

/** `GET /users/me` and `GET /admin/users/:id`: Chapter 2's user response plus the roles this chapter adds. */
export const meResponse = userResponse
  .extend({ roles: z.array(z.enum(ROLES)) })
  .meta({ description: 'The signed-in user and their roles' });
