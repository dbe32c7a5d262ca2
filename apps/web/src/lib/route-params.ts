import { useParams } from 'wouter';

/** A route's id parameter, exactly as the API returned it (URL-decoded). */
export const useId = (name: string) => decodeURIComponent((useParams() as Record<string, string | undefined>)[name] ?? '');
