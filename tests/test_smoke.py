def test_settings_load(settings):
    assert settings.SECRET_KEY == "insecure-key-for-tests-only"
