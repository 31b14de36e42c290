"""Deployment checks: compose, image, Prometheus, Grafana, Kubernetes."""
