// What a certificate request may choose (key type, validity), apart from generate.ts: the
// language server shows these choices at startup, and generate.ts loads @peculiar/x509,
// whose ASN.1 schemas take milliseconds to set up, only when certificates are made.

export type KeyType = 'ecdsa-p256' | 'rsa-2048' | 'rsa-4096';
export const keyTypes: readonly KeyType[] = ['ecdsa-p256', 'rsa-2048', 'rsa-4096'];

export const defaultLeafDays = 365;
export const defaultCaDays = 5 * 365;
export const maxDays = 3650;

export function validateDays(days: number): string | undefined {
  if (!Number.isInteger(days) || days < 1 || days > maxDays) return `validity must be a whole number of days from 1 to ${maxDays}`;
  return undefined;
}
