// class-transformer keeps its @Transform metadata in a storage its package index does not
// export; the generator reads it to tell which loose-value transform an argument uses.
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

  export const defaultMetadataStorage: MetadataStorage;
}
