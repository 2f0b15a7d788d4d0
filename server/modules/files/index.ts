/** files: uploaded photos and documents, stored by content hash under DATA_DIR. */
export { createFileService, type FileService } from './files.service';
export { DOCUMENT_TYPES, imageTypeOf, type Upload } from './file-store';
export { fileRoutes, type OwnerChecks } from './files.routes';
