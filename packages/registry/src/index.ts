export {
  DuplicateNameError,
  type Registry,
  type RegistryOptions,
  registryFromExports,
  UnknownNameError,
} from './registry-from-exports.js';
