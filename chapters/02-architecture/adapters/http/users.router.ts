import { Router } from 'express';
import type { UserController } from './user.controller.js';

/** Routes of the users API; mounted at `/users` by `createApp`. */
export function createUsersRouter(controller: UserController): Router {
  const router = Router();
  router.post('/', controller.register);
  return router;
}
