"""Notifications (通知): Message, the Notifier protocol, the apprise notifier (the only place that imports
apprise), zh-CN templates, and the outbox delivery (digests per recipient and day, per channel).

Import-light: submodules import apprise inside function bodies.
"""
