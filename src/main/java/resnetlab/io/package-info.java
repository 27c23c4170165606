/** Files: atomic writes (temp file + rename) and the shared Jackson mapper. */
package resnetlab.io;
