"""What an IT department needs to run the app: health, readiness, metrics, JSON logs, backups."""
