import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'isPublic';

/** Opts a route out of the app-wide JWT guard; it must then carry a guard of its own. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
