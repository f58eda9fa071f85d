// Replaced by the store implementation.
enum StorePlaceholder {}
