// Replaced by the demo generator.
enum DemoPlaceholder {}
