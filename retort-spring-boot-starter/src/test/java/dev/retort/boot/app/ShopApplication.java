package dev.retort.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application with one entity; its migrations are in the subpackages, chosen by retort.package. */
@SpringBootApplication
public class ShopApplication {}
