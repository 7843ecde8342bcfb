"""Thin views: fetch through tracker.permissions, validate a form, call a service, redirect."""
