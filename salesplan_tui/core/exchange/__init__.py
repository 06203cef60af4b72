"""Provides what crosses the workspace's edge: the workspace as JSON, the plan and calendar exports, export targets, the demo and CRM imports."""
