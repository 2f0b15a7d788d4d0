/** files: uploaded photos and documents, stored by content hash under DATA_DIR. */
export { createFileService, type FileService, type Upload } from './files.service';
export { fileRoutes } from './files.routes';
