import { GitHubApiError, type GitHubClient, type Repository, rest } from './client.js';

/** Repository roles, lowest first. */
export const PERMISSION_LADDER = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
export type Permission = (typeof PERMISSION_LADDER)[number];

/** Who may run the `/netpol` commands: write and above. */
export const REQUIRED_PERMISSION: Permission = 'write';

const rank = (p: string): number => PERMISSION_LADDER.indexOf(p as Permission);

/**
 * A user's role on the repository (`repos.getCollaboratorPermissionLevel`): its `role_name`
 * (which names triage and maintain) when known, else `permission`; `none` for someone GitHub does not
 * know as a collaborator (404).
 */
export async function permissionOf(client: GitHubClient, repository: Repository, username: string): Promise<Permission> {
  try {
    const { data } = await rest(client, 'GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...repository, username });
    const answer = data as { permission?: string; role_name?: string };
    const role = [answer.role_name, answer.permission].find((p): p is Permission => p !== undefined && rank(p) >= 0);
    return role ?? 'none';
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 404) return 'none';
    throw error;
  }
}

export const permits = (permission: Permission, required: Permission = REQUIRED_PERMISSION): boolean => rank(permission) >= rank(required);
