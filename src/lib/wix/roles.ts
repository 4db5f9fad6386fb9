import { z } from 'zod';
import type { WixHttp } from './http.js';

/**
 * A Wix role ("policy"). Get Roles Info's response shape is only partly documented, so the
 * schema accepts the field names seen so far and keeps unknown fields.
 */
export const wixRoleSchema = z
  .looseObject({
    id: z.string().optional(),
    policyId: z.string().optional(),
    name: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    isCustom: z.boolean().optional(),
    /** Where the role applies: the whole account or a site. */
    level: z.string().optional(),
  })
  .transform((role, ctx) => {
    const id = role.id ?? role.policyId;
    if (!id) {
      ctx.addIssue({ code: 'custom', message: 'role has no id or policyId' });
      return z.NEVER;
    }
    return { id, name: role.name ?? role.title ?? id, description: role.description ?? '', isCustom: role.isCustom ?? false, level: role.level ?? null };
  });

export type WixRole = z.output<typeof wixRoleSchema>;

export const rolesInfoResponseSchema = z.looseObject({
  roles: z.array(wixRoleSchema).optional(),
  /** Some answers group roles as predefined and custom. */
  predefinedRoles: z.array(wixRoleSchema).optional(),
  customRoles: z.array(wixRoleSchema).optional(),
}).transform((body, ctx) => {
  if (!body.roles && !body.predefinedRoles && !body.customRoles) {
    ctx.addIssue({ code: 'custom', message: 'no roles, predefinedRoles or customRoles field' });
    return z.NEVER;
  }
  return [...(body.roles ?? []), ...(body.predefinedRoles ?? []), ...(body.customRoles ?? [])];
});

/** Get Roles Info: every predefined and custom role of the account. */
export async function getRolesInfo(wix: WixHttp): Promise<WixRole[]> {
  const { data } = await wix.request({
    operation: 'Get Roles Info',
    method: 'GET',
    path: '/roles-management/roles',
    response: rolesInfoResponseSchema,
    kind: 'read',
  });
  return data;
}
