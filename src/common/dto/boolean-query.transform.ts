/** `?urgent=true` arrives as a string; anything but true/false is left for @IsBoolean to refuse. */
export function toBooleanQuery({ value }: { value: unknown }): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
