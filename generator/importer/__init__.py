"""Import published reports (HTML or text, Simplified or Traditional) into report.yaml + zh.md."""
