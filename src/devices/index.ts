/** Every built-in device, one registry line each. Import this module to populate the registry. */
import { capacitorDefinition } from './capacitor.ts';
import { vccsDefinition, vcvsDefinition } from './controlled.ts';
import { chemindDefinition } from './chemind.ts';
import { inductorDefinition } from './inductor.ts';
import { memdiodeDefinition } from './memdiode.ts';
import { polcapDefinition } from './polcap.ts';
import { registerDevice } from './registry.ts';
import { resistorDefinition } from './resistor.ts';
import { currentSourceDefinition, voltageSourceDefinition } from './sources.ts';

registerDevice(resistorDefinition);
registerDevice(capacitorDefinition);
registerDevice(inductorDefinition);
registerDevice(voltageSourceDefinition);
registerDevice(currentSourceDefinition);
registerDevice(vcvsDefinition);
registerDevice(vccsDefinition);
registerDevice(memdiodeDefinition);
registerDevice(chemindDefinition);
registerDevice(polcapDefinition);

export { allDeviceDefinitions, deviceDefinition } from './registry.ts';
