"""Provides the domain core: models, plan rules, coach, dates, storage and exchange. It never imports Textual."""
