package dev.retort.boot;

import dev.retort.core.errors.Setting;
import dev.retort.core.startup.StartupWording;
import java.util.Locale;

/**
 * The core's hints in the starter's words: a setting is its {@code retort.*} property
 * ({@code retort.allow-data-loss=true}), an upgrade is the next start of the application. What the
 * starter cannot do (downgrade, stamp, …) is named as the Maven goal, as {@link StartupWording} does.
 */
final class RetortWording extends StartupWording {

    @Override
    protected String upgrade(String setting) {
        return "a restart of the application" + (setting.isEmpty() ? "" : " with " + setting);
    }

    @Override
    protected String setting(Setting setting, String value) {
        if (setting == Setting.PURGE || setting == Setting.MESSAGE) {
            return super.setting(setting, value);
        }
        return property(setting) + (value == null ? "" : "=" + value);
    }

    /**
     * {@code retort.allow-data-loss}: the setting's key in Spring Boot's kebab case. The tenant
     * settings keep their dots ({@code retort.tenants.fail-fast}): they nest under {@code retort.tenants}.
     */
    static String property(Setting setting) {
        String key = setting.key().startsWith("tenants.")
                ? setting.key()
                : setting.key().replace('.', '-');
        return "retort." + key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
