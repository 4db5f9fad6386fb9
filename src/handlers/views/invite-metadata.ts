import { z } from 'zod';

/** Form state carried from the slash command to its submission. */
const inviteMetadataSchema = z.object({
  /** Channel the command was typed in, where the result is posted as an ephemeral message. */
  channelId: z.string().regex(/^[CGD][A-Z0-9]{2,30}$/),
});

export type InviteMetadata = z.infer<typeof inviteMetadataSchema>;

export function encodeInviteMetadata(metadata: InviteMetadata): string {
  return JSON.stringify(metadata);
}

/** Returns the metadata, or null when it is missing or not what the bot wrote. */
export function decodeInviteMetadata(text: string): InviteMetadata | null {
  try {
    const parsed = inviteMetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
