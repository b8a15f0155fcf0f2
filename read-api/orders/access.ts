import type { Actor } from '../../infra/http/auth.js';

/** Admin and support see every customer's orders and payments; anyone else only their own. */
export function seesEveryOrder(actor: Actor): boolean {
  return actor.roles.includes('admin') || actor.roles.includes('support');
}

/** Whether the actor may see an order of this customer: when not, the order is answered as not found. */
export function maySeeOrderOf(actor: Actor, customerId: string): boolean {
  return seesEveryOrder(actor) || actor.userId === customerId;
}
