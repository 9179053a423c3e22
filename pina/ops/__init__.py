"""What operators rely on: the handling of faults (database or storage unavailable), private
structured logs and error reports, backup and restore of the whole site, and the system checks
that refuse an unsafe multi-instance configuration."""
